// Membership changes are written to the audit log by the database itself.
migration! {
    up {
        sql("CREATE FUNCTION audit_member_change() RETURNS trigger
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
    down {
        sql("DROP TRIGGER organization_members_audit ON organization_members;
            DROP FUNCTION audit_member_change()");
    }
}
