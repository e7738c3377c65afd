// Classified at query time from the referrer now; the stored kind was often wrong.
migration! {
    up {
        dropColumn("analytics.page_views", "referrerKind");
        dropType("analytics.referrer_kind");
    }
    down {
        createType("analytics.referrer_kind", ["direct", "search", "social", "email", "other"]);
        addColumns("analytics.page_views", { referrerKind: { type: "analytics.referrer_kind", notNull: true, default: "direct" } });
    }
}
