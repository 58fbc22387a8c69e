import { ApiError } from './api-client';
import type { Translate } from './messages';

/**
 * Returns a reader-facing description of a failed request: the sidecar's own `error` text when it
 * sent one (it names the cause, such as a full experiment), otherwise a translated summary.
 */
export function describeError(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t('errors.unexpected');
  if (error.kind === 'network') return t('errors.network');
  if (error.kind === 'invalid-body') return t('errors.invalid_response');
  if (error.status === 429 && error.retryAfterSeconds !== null) {
    return t('errors.rate_limited', { seconds: error.retryAfterSeconds });
  }
  return error.serverMessage ?? t('errors.http_status', { status: error.status });
}
