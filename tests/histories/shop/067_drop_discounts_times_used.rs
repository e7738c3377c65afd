migration! {
    up {
        dropConstraint("discounts", "discounts_check2");
        dropColumns("discounts", "timesUsed");
    }
    down {
        addColumns("discounts", { timesUsed: { type: "integer", notNull: true, default: 0 } });
        sql("UPDATE discounts d SET times_used = (SELECT count(*) FROM discount_redemptions r WHERE r.discount_id = d.id)");
        addConstraint("discounts", "discounts_check2", { check: "usage_limit IS NULL OR times_used <= usage_limit" });
    }
}
