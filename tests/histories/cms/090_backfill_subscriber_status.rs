migration! {
    up {
        sql("UPDATE subscribers SET status = 'active' WHERE confirmed_at IS NOT NULL AND unsubscribed_at IS NULL;
            UPDATE subscribers SET status = 'unsubscribed' WHERE unsubscribed_at IS NOT NULL");
    }
    down { noop; }
}
