import type { ForumState, SimCategory, SimUser } from '../state';

/**
 * A category as `GET /c/{id}/show.json` returns it under `category`, and as category webhooks send
 * it. Reduced to the fields of Discourse's API schema that describe the category itself.
 */
export function serializeCategory(state: ForumState, category: SimCategory, viewer: SimUser | null): Record<string, unknown> {
  const topics = [...state.topics.values()].filter((topic) => topic.categoryId === category.id && topic.deletedAt === null);
  const postCount = topics.reduce((sum, topic) => sum + state.postsCount(topic), 0);

  return {
    id: category.id,
    name: category.name,
    color: category.color,
    text_color: category.textColor,
    style_type: 'square',
    emoji: null,
    icon: null,
    slug: category.slug,
    topic_count: topics.length,
    post_count: postCount,
    position: category.position,
    description: category.description,
    description_text: category.description,
    description_excerpt: category.description,
    topic_url: null,
    read_restricted: category.readRestricted,
    permission: viewer ? 1 : null,
    notification_level: 1,
    can_edit: !!viewer?.admin,
    topic_template: null,
    has_children: false,
    subcategory_count: null,
    sort_order: null,
    sort_ascending: null,
    show_subcategory_list: false,
    num_featured_topics: 3,
    default_view: null,
    subcategory_list_style: 'rows_with_featured_topics',
    default_top_period: 'all',
    default_list_filter: 'all',
    minimum_required_tags: 0,
    navigate_to_first_post_after_read: false,
    custom_fields: {},
    allowed_tags: [],
    allowed_tag_groups: [],
    allow_global_tags: false,
    required_tag_groups: [],
    read_only_banner: null,
    available_groups: [],
    auto_close_hours: null,
    auto_close_based_on_last_post: false,
    can_delete: !!viewer?.admin && topics.length === 0,
    uploaded_logo: null,
    uploaded_logo_dark: null,
    uploaded_background: null,
    uploaded_background_dark: null,
  };
}
