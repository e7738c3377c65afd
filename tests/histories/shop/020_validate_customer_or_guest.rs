migration! {
    validateConstraint("orders", "orders_customer_or_guest");
}
