-- Experience counts only in the occupations that are relevant to the role (DOMAIN.md, DEFAULT: the
-- municipality verifies the list). Each experience route lists the SSYK 2012 codes that count, with the
-- extent (full-time months) and recency (within years) it needs; a caseworker maps free-text occupations.
UPDATE validation.requirement_profiles
   SET title = 'Work experience in health or elderly care: about one year full-time within the last five years',
       rules = rules || '{
         "occupations": [
           {"ssyk": "5321", "title": "Undersköterskor, hemsjukvård, äldreboende och habilitering"},
           {"ssyk": "5322", "title": "Undersköterskor, vård- och specialavdelning och mottagning"},
           {"ssyk": "5323", "title": "Undersköterskor"},
           {"ssyk": "5324", "title": "Undersköterskor"},
           {"ssyk": "5330", "title": "Vårdbiträden"},
           {"ssyk": "5343", "title": "Personliga assistenter"}
         ],
         "source": "Socialstyrelsen: about one year full-time within the last five years (FACT); occupations: DEFAULT"
       }'::jsonb
 WHERE code = 'usk-experience';

-- Barnskötare gets its own experience route: work with children as barnskötare or elevassistent, or
-- substitute work in a preschool (a substitute in a preschool teacher's post is coded 2343).
INSERT INTO validation.requirement_profiles (code, role_code, title, kind, rules) VALUES
 ('bsk-experience', 'barnskotare',
  'Work experience with children: about one year full-time within the last five years', 'experience',
  '{"minFullTimeMonths": 12, "withinYears": 5, "requiresEmploymentCertificate": true,
    "occupations": [
      {"ssyk": "5311", "title": "Barnskötare"},
      {"ssyk": "5312", "title": "Elevassistenter m.fl."},
      {"ssyk": "2343", "title": "Förskollärare (vikarie i förskola)"}
    ],
    "source": "DEFAULT: the same extent and recency as the undersköterska route; occupations per DOMAIN"}');
