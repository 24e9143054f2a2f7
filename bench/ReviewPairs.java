import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Prints the pairs a hub's store holds for the facilitator's review, one a line: a_source TAB a_record TAB b_source TAB
 * b_record TAB score. Run as a single-file program with the hub's jar on the class path (H2's driver):
 * java -cp target/practice-hub.jar bench/ReviewPairs.java DATA_DIR
 */
public class ReviewPairs {
    public static void main(String[] args) throws Exception {
        String url = "jdbc:h2:file:" + java.nio.file.Path.of(args[0], "db", "hub").toAbsolutePath() + ";ACCESS_MODE_DATA=r";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT a_source, a_record, b_source, b_record, score FROM match_pair WHERE status = 'review'")) {
            while (rs.next()) {
                System.out.println(rs.getString(1) + "\t" + rs.getString(2) + "\t" + rs.getString(3) + "\t" + rs.getString(4) + "\t" + rs.getDouble(5));
            }
        }
    }
}
