package nl.opencordon.vehicleregister.rdw;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * Writes synthetic RDW bulk exports in the real layout: label headers as RDW's CSV download has them, extra
 * columns the mirror ignores, dates as 20130517. Plate {@code i} is {@link #plate(int)}.
 */
final class RdwCsvGenerator {
  private RdwCsvGenerator() {}

  private static final String[] TYPES = {"Personenauto", "Bedrijfsauto", "Bromfiets", "Motorfiets", "Bus"};
  private static final String[] EU = {"M1", "N1", "L1", "L3", "M3"};
  private static final String[] BODY_CODES = {"AB", "BB", "", "", "CA"};
  private static final String[] BODY_NAMES = {"Hatchback", "Bestelwagen", "", "", "Enkeldeks voertuig"};
  private static final String[] FUELS = {"Benzine", "Diesel", "Elektriciteit", "LPG"};

  static String plate(int i) {
    return "" + (char) ('A' + (i / 10000) / 26 % 26) + (char) ('A' + (i / 10000) % 26) + String.format("%04d", i % 10000);
  }

  static void vehicles(Writer out, int rows) throws IOException {
    out.write("Kenteken,Voertuigsoort,Merk,Inrichting,Datum eerste toelating,Toegestane maximum massa voertuig,"
        + "Massa rijklaar,Europese voertuigcategorie\n");
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < rows; i++) {
      int t = i % TYPES.length;
      LocalDate det = LocalDate.of(1980, 1, 1).plusDays(r.nextInt(16000));
      out.write(plate(i) + "," + TYPES[t] + ",\"MERK, " + i % 97 + "\"," + (t == 1 ? "gesloten opbouw" : "N.v.t.") + ","
          + det.format(DateTimeFormatter.BASIC_ISO_DATE) + "," + (1000 + r.nextInt(3000)) + ","
          + (800 + r.nextInt(2000)) + "," + EU[t] + "\n");
    }
  }

  /** One carrosserie row per vehicle, with the code its kind has (AB hatchback, BB van, none for two-wheelers). */
  static void bodies(Writer out, int rows) throws IOException {
    out.write("Kenteken,Carrosserie volgnummer,Carrosserietype,Type Carrosserie Europese omschrijving\n");
    for (int i = 0; i < rows; i++) {
      int t = i % TYPES.length; // the kind vehicles() gives plate i
      out.write(plate(i) + ",1," + BODY_CODES[t] + "," + BODY_NAMES[t] + "\n");
    }
  }

  /** A specific carrosserie number for every tenth vehicle (3, box body), as RDW has them for some. */
  static void bodySpecifics(Writer out, int rows) throws IOException {
    out.write("Kenteken,Carrosserie volgnummer,Carrosserie voertuig nummer code volgnummer,Carrosseriecode,"
        + "Carrosserie voertuig nummer Europese omschrijving\n");
    for (int i = 0; i < rows; i += 10) {
      out.write(plate(i) + ",1,1,03,Gesloten opbouw\n");
    }
  }

  /** A bijzonderheid for every hundredth vehicle (145 for a wheelchair vehicle); most vehicles have none. */
  static void particulars(Writer out, int rows) throws IOException {
    out.write("Kenteken,Bijzonderheid volgnummer,Bijzonderheid code,Bijzonderheid code omschrijving\n");
    for (int i = 0; i < rows; i += 100) {
      out.write(plate(i) + ",1,145,rolstoeltoegankelijk\n");
    }
  }

  static void fuels(Writer out, int rows) throws IOException {
    out.write("Kenteken,Brandstof volgnummer,Brandstof omschrijving,Emissieklasse,Uitlaatemissieniveau,"
        + "Milieuklasse EG Goedkeuring (licht),Milieuklasse EG Goedkeuring (zwaar)\n");
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < rows; i++) {
      int euro = r.nextInt(7);
      out.write(plate(i) + ",1," + FUELS[r.nextInt(FUELS.length)] + "," + euro + ",EURO " + euro + ","
          + (euro >= 5 ? "715/2007*692/2008J" : "") + ",\n");
    }
  }
}
