// role_id is the source of truth now; the enum column stays only on invitations.
migration! {
    up {
        sql("DROP TRIGGER organization_members_audit ON organization_members;
            CREATE OR REPLACE FUNCTION audit_member_change() RETURNS trigger
                LANGUAGE plpgsql AS $$
                DECLARE
                    row_data organization_members;
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        row_data := OLD;
                    ELSE
                        row_data := NEW;
                    END IF;
                    INSERT INTO audit_log (organization_id, actor_id, action, target_type, target_id, metadata)
                    VALUES (
                        row_data.organization_id,
                        nullif(current_setting('app.current_user', true), '')::uuid,
                        'member.' || lower(TG_OP),
                        'user',
                        row_data.user_id::text,
                        jsonb_build_object('role_id', row_data.role_id)
                    );
                    RETURN NULL;
                END
                $$");
        dropColumn("organization_members", "role");
        alterColumn("organization_members", "roleId", { notNull: true });
        sql("CREATE TRIGGER organization_members_audit
                AFTER INSERT OR UPDATE OF role_id OR DELETE ON organization_members
                FOR EACH ROW EXECUTE FUNCTION audit_member_change()");
    }
    down {
        sql("DROP TRIGGER organization_members_audit ON organization_members");
        alterColumn("organization_members", "roleId", { notNull: false });
        addColumn("organization_members", { role: { type: "membership_role", notNull: true, default: "member" } });
        sql("UPDATE organization_members m SET role = r.key::membership_role
                FROM roles r WHERE r.id = m.role_id AND r.organization_id IS NULL;
            CREATE OR REPLACE FUNCTION audit_member_change() RETURNS trigger
                LANGUAGE plpgsql AS $$
                DECLARE
                    row_data organization_members;
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        row_data := OLD;
                    ELSE
                        row_data := NEW;
                    END IF;
                    INSERT INTO audit_log (organization_id, actor_id, action, target_type, target_id, metadata)
                    VALUES (
                        row_data.organization_id,
                        nullif(current_setting('app.current_user', true), '')::uuid,
                        'member.' || lower(TG_OP),
                        'user',
                        row_data.user_id::text,
                        jsonb_build_object('role', row_data.role)
                    );
                    RETURN NULL;
                END
                $$;
            CREATE TRIGGER organization_members_audit
                AFTER INSERT OR UPDATE OF role OR DELETE ON organization_members
                FOR EACH ROW EXECUTE FUNCTION audit_member_change()");
    }
}
