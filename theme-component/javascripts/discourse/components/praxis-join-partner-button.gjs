import Component from "@glimmer/component";
import { service } from "@ember/service";
import praxisProps from "../lib/praxis-props";
import { praxisConfig, praxisTopicKind } from "../lib/praxis-topic";

// Post-menu button added through the `post-menu-buttons` value transformer. Core passes
// `class="btn-flat"` and other attributes, spread here onto the element, whose CSS makes the
// host box-less (`display: contents`) so only the inner button shows.
export default class PraxisJoinPartnerButton extends Component {
  static shouldRender({ post }) {
    return post?.post_number === 1 && praxisTopicKind(post.topic) === "experiment";
  }

  // Never collapsed behind the "…" button.
  static hidden() {
    return false;
  }

  @service currentUser;

  get properties() {
    return {
      config: praxisConfig(this.currentUser),
      topicId: this.args.post.topic_id,
    };
  }

  <template>
    <praxis-join-partner
      variant="menu"
      ...attributes
      {{praxisProps this.properties}}
    ></praxis-join-partner>
  </template>
}
