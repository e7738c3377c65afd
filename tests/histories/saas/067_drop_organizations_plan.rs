migration! {
    up {
        dropColumn("organizations", "plan");
    }
    down {
        addColumn("organizations", { plan: { type: "plan_tier", notNull: true, default: "free" } });
        sql("UPDATE organizations o SET plan = s.plan FROM subscriptions s WHERE s.organization_id = o.id");
    }
}
