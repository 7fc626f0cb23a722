INSERT INTO hb_currencies (code, name, minor_units) VALUES ('EUR', 'Euro', 2);
INSERT INTO hb_currencies (code, name, minor_units) VALUES ('JPY', 'Yen', 0);
INSERT INTO hb_currencies (code, name, minor_units) VALUES ('KWD', 'Kuwaiti dinar', 3);
