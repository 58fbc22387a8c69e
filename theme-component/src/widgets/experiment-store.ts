import type { PraxisClient } from './api-client';
import type { ExperimentView, PartnerRole } from './types';

export type ExperimentState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; experiment: ExperimentView }
  | { status: 'error'; error: unknown };

/**
 * The state of one experiment shared by every widget that shows it (the card, the join control
 * under it and the one in the post menu), so a join made in one place updates all of them.
 * The store removes itself from its client when its last subscriber leaves, so the next visit
 * to the topic loads fresh data.
 */
export class ExperimentStore {
  state: ExperimentState = { status: 'idle' };
  private readonly listeners = new Set<() => void>();
  private loading: Promise<void> | null = null;

  constructor(
    private readonly client: PraxisClient,
    readonly topicId: number,
    private readonly release: () => void,
  ) {}

  /** Adds a listener called after every state change and starts the first load. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (this.state.status === 'idle') void this.load();

    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.release();
    };
  }

  /** Loads the experiment; a load already running is shared instead of repeated. */
  load(): Promise<void> {
    if (this.loading) return this.loading;

    this.setState({ status: 'loading' });
    this.loading = this.client
      .getJson<ExperimentView>(`/api/experiments/${this.topicId}`)
      .then(
        (result) => this.setState({ status: 'ready', experiment: result.data }),
        (error: unknown) => this.setState({ status: 'error', error }),
      )
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  /** Joins as a partner and stores the updated experiment. Rejects with an `ApiError` on refusal. */
  async join(role: PartnerRole): Promise<ExperimentView> {
    const experiment = await this.client.sendJson<ExperimentView>('POST', `/api/experiments/${this.topicId}/partners`, { role });
    this.setState({ status: 'ready', experiment });
    return experiment;
  }

  /** Leaves the experiment and stores the updated experiment. Rejects with an `ApiError` on refusal. */
  async leave(): Promise<ExperimentView> {
    const experiment = await this.client.sendJson<ExperimentView>('DELETE', `/api/experiments/${this.topicId}/partners/me`);
    this.setState({ status: 'ready', experiment });
    return experiment;
  }

  private setState(state: ExperimentState): void {
    this.state = state;
    for (const listener of [...this.listeners]) {
      // One widget's failure must not keep the others on the page from updating.
      try {
        listener();
      } catch (error) {
        console.error('Praxis widget failed to update', error);
      }
    }
  }
}
