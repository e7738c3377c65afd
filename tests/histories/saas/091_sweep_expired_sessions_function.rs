migration! {
    up {
        sql("CREATE FUNCTION sweep_expired_sessions(older_than interval DEFAULT interval '30 days')
                RETURNS integer LANGUAGE plpgsql AS $$
                DECLARE
                    removed integer;
                BEGIN
                    DELETE FROM sessions WHERE expires_at < now() - older_than OR revoked_at < now() - older_than;
                    GET DIAGNOSTICS removed = ROW_COUNT;
                    DELETE FROM password_resets WHERE expires_at < now() - interval '1 day';
                    RETURN removed;
                END
                $$;
            COMMENT ON FUNCTION sweep_expired_sessions(interval) IS 'called hourly by the scheduler'");
    }
    down {
        sql("DROP FUNCTION sweep_expired_sessions(interval)");
    }
}
