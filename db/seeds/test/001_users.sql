-- The one user the application's tests sign in as.
INSERT INTO users (email, display_name, password_hash)
VALUES ('test@example.com', 'Test User', 'not-a-real-hash')
ON CONFLICT (email) DO NOTHING;
