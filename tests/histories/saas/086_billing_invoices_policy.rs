migration! {
    up {
        sql("ALTER TABLE billing_invoices ENABLE ROW LEVEL SECURITY;
            CREATE POLICY billing_invoices_tenant_isolation ON billing_invoices FOR SELECT USING (organization_id = current_org_id())");
    }
    down {
        sql("DROP POLICY billing_invoices_tenant_isolation ON billing_invoices;
            ALTER TABLE billing_invoices DISABLE ROW LEVEL SECURITY");
    }
}
