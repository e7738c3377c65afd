migration! {
    up {
        sql("COMMENT ON COLUMN users.email IS 'login; unique regardless of case';
            COMMENT ON COLUMN users.locale IS 'BCP 47 language tag';
            COMMENT ON COLUMN users.time_zone IS 'IANA zone name';
            COMMENT ON COLUMN access_tokens.prefix IS 'shown in the UI to tell tokens apart';
            COMMENT ON COLUMN access_tokens.hashed_key IS 'sha256 of the full token';
            COMMENT ON COLUMN audit_log.metadata IS 'action-specific details';
            COMMENT ON COLUMN subscriptions.stripe_subscription_id IS 'sub_… in Stripe';
            COMMENT ON COLUMN invitations.status IS 'expired is set by the nightly sweep'");
    }
    down {
        sql("COMMENT ON COLUMN invitations.status IS NULL;
            COMMENT ON COLUMN subscriptions.stripe_subscription_id IS NULL;
            COMMENT ON COLUMN audit_log.metadata IS NULL;
            COMMENT ON COLUMN access_tokens.hashed_key IS NULL;
            COMMENT ON COLUMN access_tokens.prefix IS NULL;
            COMMENT ON COLUMN users.time_zone IS NULL;
            COMMENT ON COLUMN users.locale IS NULL;
            COMMENT ON COLUMN users.email IS NULL");
    }
}
