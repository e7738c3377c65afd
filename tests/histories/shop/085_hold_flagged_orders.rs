migration! {
    up {
        sql("UPDATE orders o SET status = 'on_hold'
            FROM fraud_checks f
            WHERE f.order_id = o.id AND f.decision = 'review' AND o.status = 'pending'");
    }
    down {
        sql("UPDATE orders SET status = 'pending' WHERE status = 'on_hold'");
    }
}
