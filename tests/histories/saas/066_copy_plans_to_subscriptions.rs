// Every organization gets a subscription row before organizations.plan goes away.
migration! {
    up {
        sql("INSERT INTO subscriptions (organization_id, plan, status, current_period_start, current_period_end)
            SELECT id, plan, 'active', date_trunc('month', now()), date_trunc('month', now()) + interval '1 month'
            FROM organizations o
            WHERE NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.organization_id = o.id)");
    }
    down { noop; }
}
