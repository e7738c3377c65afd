migration! {
    up {
        sql("UPDATE memberships m SET role_id = r.id
            FROM roles r
            WHERE r.organization_id IS NULL AND r.key = m.role::text AND m.role_id IS NULL");
    }
    down { noop; }
}
