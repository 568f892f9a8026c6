-- 2026-10-07
CREATE POLICY org_isolation ON surveys USING (org_id = auth.jwt() ->> 'org_id');
