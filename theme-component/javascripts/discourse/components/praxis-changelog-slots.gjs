import Component from "@glimmer/component";
import { service } from "@ember/service";
import praxisProps from "../lib/praxis-props";
import { praxisConfig, praxisTopicKind } from "../lib/praxis-topic";

class ChangelogSlot extends Component {
  @service currentUser;
  @service site;

  get topic() {
    return this.args.outletArgs.topic ?? this.args.outletArgs.model;
  }

  get properties() {
    return {
      config: praxisConfig(this.currentUser),
      topicId: this.topic.id,
      topicKind: praxisTopicKind(this.topic),
      maxEntries: settings.changelog_max_entries,
    };
  }
}

// The right-hand column: core renders the `topic-navigation` outlet next to the timeline, which
// exists only on desktop at 925px and wider (`renderTimeline`).
export class PraxisChangelogSidebar extends ChangelogSlot {
  static shouldRender(outletArgs) {
    return Boolean(outletArgs?.renderTimeline) && praxisTopicKind(outletArgs.topic) !== null;
  }

  <template>
    <praxis-changelog
      class="praxis-slot praxis-slot--sidebar"
      {{praxisProps this.properties}}
    ></praxis-changelog>
  </template>
}

// Below the posts (`topic-area-bottom`): on mobile when the setting says so, and on narrow desktop
// windows, where there is no timeline column. common.scss hides the desktop copy from 925px up.
export class PraxisChangelogBelowPosts extends ChangelogSlot {
  static shouldRender(outletArgs) {
    return praxisTopicKind(outletArgs?.model) !== null;
  }

  get show() {
    return (
      !this.site.mobileView ||
      settings.mobile_changelog_placement === "below_posts"
    );
  }

  <template>
    {{#if this.show}}
      <praxis-changelog
        class="praxis-slot praxis-slot--below-posts
          {{unless this.site.mobileView 'praxis-slot--desktop-fallback'}}"
        {{praxisProps this.properties}}
      ></praxis-changelog>
    {{/if}}
  </template>
}

// Above the posts (`topic-above-posts`), for mobile only when the setting asks for it.
export class PraxisChangelogAbovePosts extends ChangelogSlot {
  static shouldRender(outletArgs) {
    return praxisTopicKind(outletArgs?.model) !== null;
  }

  get show() {
    return (
      this.site.mobileView &&
      settings.mobile_changelog_placement === "above_posts"
    );
  }

  <template>
    {{#if this.show}}
      <praxis-changelog
        class="praxis-slot praxis-slot--above-posts"
        {{praxisProps this.properties}}
      ></praxis-changelog>
    {{/if}}
  </template>
}
