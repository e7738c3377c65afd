// Tenants. Everything a customer owns hangs off an organization.
migration! {
    createTable("organizations", {
        id: { type: "uuid", primaryKey: true, default: func("gen_random_uuid()") },
        name: { type: "text", notNull: true, check: "char_length(name) BETWEEN 1 AND 200" },
        plan: { type: "text", notNull: true, default: "free" },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
        updatedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, { comment: "tenants: one per customer account" });
}
