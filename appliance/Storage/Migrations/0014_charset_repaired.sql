-- A page labelled UTF-8 whose bytes were windows-1252 is decoded as windows-1252 (Scrape/CharsetDecoder) and the
-- result says so (ScrapeResult.CharsetRepaired). This column is where the scrape write can keep that, so an operator
-- can find the sites that lie about their encoding. A constant default: no table rewrite.
ALTER TABLE websites ADD COLUMN charset_repaired boolean NOT NULL DEFAULT false;
