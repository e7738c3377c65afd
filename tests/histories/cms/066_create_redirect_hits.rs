// Hit counters move out of redirects: one UPDATE per hit locked the row under load.
migration! {
    createTable("analytics.redirect_hits", {
        redirectId: { type: "bigint", notNull: true, references: "public.redirects(id)", onDelete: "cascade" },
        day: { type: "date", notNull: true },
        hits: { type: "bigint", notNull: true, default: 0 },
    }, {
        constraints: { primaryKey: ["redirectId", "day"] },
    });
}
