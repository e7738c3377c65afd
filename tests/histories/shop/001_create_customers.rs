// Customers who have bought, or at least signed up. Deleted ones are kept for the books.
migration! {
    createTable("customers", {
        id: "id",
        email: { type: "text", notNull: true },
        firstName: "varchar(100)",
        lastName: "varchar(100)",
        phone: "varchar(32)",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
        updatedAt: { type: "timestamptz", notNull: true, default: func("now()") },
        deletedAt: "timestamptz",
    });
    createIndex("customers", [func("lower(email)")], {
        unique: true,
        name: "customers_email_lower_idx",
        where: "deleted_at IS NULL",
    });
}
