import Component from "@glimmer/component";
import { service } from "@ember/service";
import praxisProps from "../lib/praxis-props";
import { praxisConfig, praxisTopicKind } from "../lib/praxis-topic";

// Rendered before the `post-article` wrapper outlet, so the card sits on post #1 itself and is
// absent when the reader deep-links far into the topic.
export default class PraxisExperimentCard extends Component {
  static shouldRender(outletArgs) {
    const post = outletArgs?.post;
    return post?.post_number === 1 && praxisTopicKind(post.topic) === "experiment";
  }

  @service currentUser;

  get properties() {
    return {
      config: praxisConfig(this.currentUser),
      topicId: this.args.outletArgs.post.topic_id,
      withJoin: settings.show_join_button,
    };
  }

  <template>
    <praxis-experiment-card
      {{praxisProps this.properties}}
    ></praxis-experiment-card>
  </template>
}
