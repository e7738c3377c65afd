// Plans were free text and we found "Pro", "pro " and "pro" in production.
migration! {
    up {
        createType("plan_tier", ["free", "starter", "pro"]);
        sql("UPDATE organizations SET plan = lower(trim(plan)) WHERE plan <> lower(trim(plan))");
        alterColumn("organizations", "plan", { default: null });
        alterColumn("organizations", "plan", { type: "plan_tier", using: "plan::plan_tier" });
        alterColumn("organizations", "plan", { default: "free" });
    }
    down {
        alterColumn("organizations", "plan", { default: null });
        alterColumn("organizations", "plan", { type: "text", using: "plan::text" });
        alterColumn("organizations", "plan", { default: "free" });
        dropType("plan_tier");
    }
}
