// Order numbers customers read out on the phone: short, and not the primary key.
migration! {
    up {
        sql("CREATE SEQUENCE order_number_seq AS bigint START WITH 100001 INCREMENT BY 1 NO CYCLE");
    }
    down {
        sql("DROP SEQUENCE order_number_seq");
    }
}
