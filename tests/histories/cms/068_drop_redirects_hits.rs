migration! {
    up {
        dropColumns("redirects", "hits");
    }
    down {
        addColumns("redirects", { hits: { type: "bigint", notNull: true, default: 0 } });
        sql("UPDATE redirects r SET hits = h.total
            FROM (SELECT redirect_id, sum(hits) AS total FROM analytics.redirect_hits GROUP BY redirect_id) h
            WHERE h.redirect_id = r.id");
    }
}
