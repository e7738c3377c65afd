migration! {
    up {
        sql("CREATE TRIGGER organizations_set_updated_at BEFORE UPDATE ON organizations
                FOR EACH ROW EXECUTE FUNCTION set_updated_at();
            CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users
                FOR EACH ROW EXECUTE FUNCTION set_updated_at()");
    }
    down {
        sql("DROP TRIGGER users_set_updated_at ON users;
            DROP TRIGGER organizations_set_updated_at ON organizations");
    }
}
