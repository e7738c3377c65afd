migration! {
    up {
        sql("INSERT INTO discount_redemptions (discount_id, order_id, customer_id, redeemed_at)
            SELECT od.discount_id, o.id, o.customer_id, coalesce(o.placed_at, o.created_at)
            FROM order_discounts od
            JOIN orders o ON o.id = od.order_id");
    }
    down {
        sql("DELETE FROM discount_redemptions");
    }
}
