migration! {
    up {
        sql("CREATE TRIGGER author_profiles_set_updated_at BEFORE UPDATE ON author_profiles
            FOR EACH ROW EXECUTE FUNCTION set_updated_at()");
    }
    down {
        sql("DROP TRIGGER author_profiles_set_updated_at ON author_profiles");
    }
}
