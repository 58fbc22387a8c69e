import Component from "@glimmer/component";
import { service } from "@ember/service";
import praxisProps from "../lib/praxis-props";
import { praxisConfig } from "../lib/praxis-topic";

// The community-wide list of recently changed practices. The Right Sidebar Blocks component passes
// a block's params as arguments, so `{"name": "limit", "value": "5"}` arrives as @limit.
export default class PraxisRecentChanges extends Component {
  @service currentUser;

  get properties() {
    return {
      config: praxisConfig(this.currentUser),
      limit: this.args.limit ?? settings.recent_changes_limit,
      days: this.args.days ?? settings.recent_changes_days,
    };
  }

  <template>
    <praxis-recent-changes
      class="praxis-slot praxis-slot--recent"
      {{praxisProps this.properties}}
    ></praxis-recent-changes>
  </template>
}
