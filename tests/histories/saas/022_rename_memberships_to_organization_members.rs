// "membership" meant three things in the codebase; the table says what it holds.
migration! {
    up {
        renameTable("memberships", "organization_members");
        sql("ALTER INDEX memberships_pkey RENAME TO organization_members_pkey;
            ALTER INDEX memberships_organization_id_user_id_key RENAME TO organization_members_organization_id_user_id_key;
            ALTER INDEX memberships_user_id_idx RENAME TO organization_members_user_id_idx;
            ALTER INDEX memberships_role_id_idx RENAME TO organization_members_role_id_idx");
    }
    down {
        sql("ALTER INDEX organization_members_role_id_idx RENAME TO memberships_role_id_idx;
            ALTER INDEX organization_members_user_id_idx RENAME TO memberships_user_id_idx;
            ALTER INDEX organization_members_organization_id_user_id_key RENAME TO memberships_organization_id_user_id_key;
            ALTER INDEX organization_members_pkey RENAME TO memberships_pkey");
        renameTable("organization_members", "memberships");
    }
}
