migration! {
    createTable("addresses", {
        id: "id",
        customerId: { type: "bigint", notNull: true, references: "customers(id)", onDelete: "cascade" },
        line1: { type: "text", notNull: true },
        line2: "text",
        city: { type: "text", notNull: true },
        region: "text",
        postalCode: "varchar(20)",
        country: { type: "char(2)", notNull: true, check: "country ~ '^[A-Z]{2}$'" },
        isDefault: { type: "boolean", notNull: true, default: false },
    });
    createIndex("addresses", "customerId", { unique: true, where: "is_default", name: "addresses_one_default_idx" });
}
