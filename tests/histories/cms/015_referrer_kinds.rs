migration! {
    createType("analytics.referrer_kind", ["direct", "search", "social", "email", "other"]);
    addColumns("analytics.page_views", { referrerKind: { type: "analytics.referrer_kind", notNull: true, default: "direct" } });
}
