migration! {
    up {
        sql("CREATE TRIGGER subscriptions_set_updated_at BEFORE UPDATE ON subscriptions FOR EACH ROW EXECUTE FUNCTION set_updated_at()");
    }
    down {
        sql("DROP TRIGGER subscriptions_set_updated_at ON subscriptions");
    }
}
