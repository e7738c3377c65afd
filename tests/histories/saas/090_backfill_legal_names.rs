migration! {
    up {
        sql("UPDATE organizations SET legal_name = display_name WHERE legal_name IS NULL;
            UPDATE organizations o SET billing_email = u.email
                FROM organization_members m
                JOIN roles r ON r.id = m.role_id AND r.key = 'owner'
                JOIN users u ON u.id = m.user_id
                WHERE m.organization_id = o.id AND o.billing_email IS NULL");
    }
    down { noop; }
}
