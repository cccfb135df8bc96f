-- The occupation register of the skills mapping: SSYK 2012 unit groups with their titles, the validation
-- role Lotsen has for them (if any), the education fields that fit them, and the way in: the SFI course a
-- learner needs passed to start the vocational route, Swedish courses beyond SFI, driving licences.
-- Titles are SSYK 2012's; the requirements are DEFAULTS a municipality verifies against its own adult
-- education (requirement_source says where each comes from).
CREATE TABLE validation.occupations (
    ssyk                text PRIMARY KEY CHECK (ssyk ~ '^[0-9]{4}$'),
    title_sv            text    NOT NULL,
    title_en            text    NOT NULL,
    jobtech_id          text,
    role_code           text    REFERENCES validation.roles(code),
    education_fields    text[]  NOT NULL DEFAULT '{}',
    sfi_level           text    CHECK (sfi_level IN ('A', 'B', 'C', 'D')),
    swedish_courses     text[]  NOT NULL DEFAULT '{}',
    driving_licences    text[]  NOT NULL DEFAULT '{}',
    requirement_source  text    NOT NULL DEFAULT ''
);

INSERT INTO validation.occupations
    (ssyk, title_sv, title_en, jobtech_id, role_code, education_fields, sfi_level, swedish_courses,
     driving_licences, requirement_source) VALUES
 ('2343', 'Förskollärare', 'Preschool teachers', NULL, NULL, '{pedagogy,childcare}', 'D', '{}', '{}',
  'DEFAULT: higher education in Swedish needs SFI D and Svenska som andraspråk 3 before it'),
 ('5120', 'Kockar och kallskänkor', 'Cooks and cold-buffet managers', NULL, NULL, '{hospitality}', 'C', '{}', '{}',
  'DEFAULT: yrkes-SFI or SFI combined with the restaurant package from SFI course C'),
 ('5311', 'Barnskötare', 'Childcare workers', 'Hi9c_iTe_gHH', 'barnskotare', '{childcare,pedagogy}', 'D', '{}',
  '{}', 'DEFAULT: the barnskötare package in adult education from SFI course D passed'),
 ('5312', 'Elevassistenter m.fl.', 'Teaching assistants', 'XW9L_tA9_WaX', 'elevassistent', '{childcare,pedagogy}',
  'D', '{}', '{}', 'DEFAULT: the elevassistent package in adult education from SFI course D passed'),
 ('5321', 'Undersköterskor, hemtjänst, hemsjukvård och äldreboende',
  'Assistant nurses, home care and elderly care', 'jY19_knH_MJp', 'underskoterska', '{care,health}', 'D',
  '{SVASVA01}', '{}', 'DEFAULT: the vård- och omsorg package from SFI course D passed; Svenska som andraspråk 1 is part of the 1 500-point package'),
 ('5322', 'Undersköterskor, habilitering', 'Assistant nurses, habilitation', NULL, 'underskoterska',
  '{care,health}', 'D', '{SVASVA01}', '{}', 'DEFAULT: as 5321'),
 ('5323', 'Undersköterskor, vård- och specialavdelning', 'Assistant nurses, hospital wards', 'LP4Z_ABV_gRm',
  'underskoterska', '{care,health}', 'D', '{SVASVA01}', '{}', 'DEFAULT: as 5321'),
 ('5324', 'Undersköterskor, mottagning', 'Assistant nurses, outpatient clinics', NULL, 'underskoterska',
  '{care,health}', 'D', '{SVASVA01}', '{}', 'DEFAULT: as 5321'),
 ('5330', 'Vårdbiträden', 'Care assistants', 'tAJS_JNb_hDH', NULL, '{care}', 'C', '{}', '{}',
  'DEFAULT: SFI combined with care courses from SFI course C'),
 ('5343', 'Personliga assistenter', 'Personal assistants', NULL, NULL, '{care}', 'C', '{}', '{}',
  'DEFAULT: employers ask for Swedish for everyday care and documentation: SFI course C'),
 ('8331', 'Buss- och spårvagnsförare', 'Bus and tram drivers', NULL, NULL, '{transport}', 'D', '{}', '{D}',
  'DEFAULT: the bus driver course (licence D and YKB) in adult education from SFI course D passed'),
 ('9111', 'Städare', 'Cleaners', NULL, NULL, '{cleaning}', 'B', '{}', '{}',
  'DEFAULT: yrkes-SFI lokalvård from SFI course B');
