migration! {
    createType("subscription_status", ["trialing", "active", "past_due", "canceled"]);
    createTable("subscriptions", {
        id: { type: "uuid", primaryKey: true, default: func("gen_random_uuid()") },
        organizationId: { type: "uuid", notNull: true, unique: true, references: "organizations(id)", onDelete: "cascade" },
        plan: { type: "plan_tier", notNull: true },
        status: { type: "subscription_status", notNull: true, default: "trialing" },
        currentPeriodStart: { type: "timestamptz", notNull: true },
        currentPeriodEnd: { type: "timestamptz", notNull: true },
        cancelAt: "timestamptz",
        stripeCustomerId: "text",
        stripeSubscriptionId: { type: "text", unique: true },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
        updatedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, {
        constraints: { check: "current_period_end > current_period_start" },
    });
    createIndex("subscriptions", "status", { where: "status IN ('past_due', 'trialing')" });
}
