migration! {
    up {
        sql("COMMENT ON TYPE order_status IS 'on_hold: waiting for a fraud review';
            COMMENT ON TYPE payment_status IS 'mirrors the provider status, coarsened';
            COMMENT ON TYPE shipment_status IS 'from carrier tracking webhooks';
            COMMENT ON TYPE product_status IS 'only active products are listed';
            COMMENT ON SEQUENCE order_number_seq IS 'customer-facing order numbers';
            COMMENT ON SEQUENCE return_number_seq IS 'customer-facing return numbers'");
    }
    down {
        sql("COMMENT ON SEQUENCE return_number_seq IS NULL;
            COMMENT ON SEQUENCE order_number_seq IS NULL;
            COMMENT ON TYPE product_status IS NULL;
            COMMENT ON TYPE shipment_status IS NULL;
            COMMENT ON TYPE payment_status IS NULL;
            COMMENT ON TYPE order_status IS NULL");
    }
}
