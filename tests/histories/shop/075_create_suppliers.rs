migration! {
    createTable("suppliers", {
        id: "id",
        name: { type: "text", notNull: true, comment: "trading name" },
        contactEmail: { type: "text", comment: "where purchase orders are sent" },
        leadTimeDays: { type: "smallint", notNull: true, default: 14, comment: "days from order to delivery at the warehouse" },
        currency: { type: "varchar(8)", notNull: true, default: "USD", references: "currencies(code)" },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, { comment: "who we buy stock from" });
}
