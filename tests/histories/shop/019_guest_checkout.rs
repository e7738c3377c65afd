// Guests buy without an account; deleting a customer keeps their orders.
migration! {
    up {
        alterColumn("orders", "customerId", { notNull: false });
        dropConstraint("orders", "orders_customer_id_fkey");
        addConstraint("orders", "orders_customer_id_fkey", {
            foreignKey: { columns: "customerId", references: "customers(id)", onDelete: "set null" },
        });
        addColumns("orders", { guestEmail: "text" });
        addConstraint("orders", "orders_customer_or_guest", {
            check: "customer_id IS NOT NULL OR guest_email IS NOT NULL",
            notValid: true,
        });
    }
    down {
        dropConstraint("orders", "orders_customer_or_guest");
        dropColumn("orders", "guestEmail");
        dropConstraint("orders", "orders_customer_id_fkey");
        addConstraint("orders", "orders_customer_id_fkey", {
            foreignKey: { columns: "customerId", references: "customers(id)", onDelete: "restrict" },
        });
        alterColumn("orders", "customerId", { notNull: true });
    }
}
