migration! {
    up {
        sql("CREATE VIEW organization_member_counts WITH (security_barrier) AS
                SELECT o.id AS organization_id, o.display_name, count(m.user_id) AS members
                FROM organizations o
                LEFT JOIN organization_members m ON m.organization_id = o.id
                WHERE o.deleted_at IS NULL
                GROUP BY o.id;
            COMMENT ON VIEW organization_member_counts IS 'for the admin console'");
    }
    down {
        sql("DROP VIEW organization_member_counts");
    }
}
