import { apiInitializer } from "discourse/lib/api";
import {
  PraxisChangelogAbovePosts,
  PraxisChangelogBelowPosts,
  PraxisChangelogSidebar,
} from "../components/praxis-changelog-slots";
import PraxisExperimentCard from "../components/praxis-experiment-card";
import PraxisJoinPartnerButton from "../components/praxis-join-partner-button";
import PraxisRecentChanges from "../components/praxis-recent-changes";
import { registerPraxisElements } from "../lib/praxis-widgets";

// NOTE: this file and the components have not run on a live Discourse yet. The outlet names,
// their arguments and the post-menu transformer follow core's templates; the elements themselves
// are tested in Chromium on pages that imitate core's markup.
export default apiInitializer((api) => {
  registerPraxisElements();

  if (settings.show_experiment_card) {
    api.renderBeforeWrapperOutlet("post-article", PraxisExperimentCard);
  }

  if (settings.show_join_button) {
    // A mutable transformer: the DAG is changed in place and nothing is returned.
    api.registerValueTransformer(
      "post-menu-buttons",
      ({ value: dag, context: { buttonKeys } }) => {
        dag.add("praxis-join-partner", PraxisJoinPartnerButton, {
          before: buttonKeys.SHOW_MORE,
        });
      }
    );
  }

  if (settings.show_changelog) {
    api.renderInOutlet("topic-navigation", PraxisChangelogSidebar);
    api.renderInOutlet("topic-area-bottom", PraxisChangelogBelowPosts);
    api.renderInOutlet("topic-above-posts", PraxisChangelogAbovePosts);
  }

  if (settings.recent_changes_placement === "sidebar_block") {
    // The transformer name exists only while the Right Sidebar Blocks component is installed;
    // without it core logs that the name is unknown and ignores the registration.
    api.registerValueTransformer("right-sidebar-blocks", ({ value: blocks }) => {
      blocks.set("praxis-recent-changes", PraxisRecentChanges);
    });
  } else if (settings.recent_changes_placement === "above_topic_list") {
    api.renderInOutlet("discovery-list-container-top", PraxisRecentChanges);
  }
});
