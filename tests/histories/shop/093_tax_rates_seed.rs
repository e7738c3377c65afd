migration! {
    up {
        sql("INSERT INTO tax_rates (country, region, rate, name) VALUES ('US', 'CA', 0.0725, 'California sales tax');
            INSERT INTO tax_rates (country, region, rate, name) VALUES ('US', 'NY', 0.0400, 'New York sales tax');
            INSERT INTO tax_rates (country, region, rate, name) VALUES ('DE', NULL, 0.1900, 'Umsatzsteuer');
            INSERT INTO tax_rates (country, region, rate, name) VALUES ('GB', NULL, 0.2000, 'VAT')");
    }
    down {
        sql("DELETE FROM tax_rates WHERE (country, coalesce(region, '')) IN (('US', 'CA'), ('US', 'NY'), ('DE', ''), ('GB', ''))");
    }
}
