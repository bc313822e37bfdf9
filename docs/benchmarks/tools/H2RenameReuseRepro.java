// mongo-java-server 1.47.0, H2 backend: a collection renamed away (renameCollection with dropTarget, as the
// outcomes rebuild's swap does) and then re-created under its old name with createIndex shows the renamed documents.
// Round 2's "fresh rebuild" line should say count=0; it says count=1 (the memory backend says 0).
// Run from the repository root after building the loadgen class path (docs/benchmarks/README.md, "Reproduce"):
//   java -cp "$(cat services/loadgen/target/loadgen.cp)" docs/benchmarks/tools/H2RenameReuseRepro.java
import com.mongodb.client.*;
import com.mongodb.client.model.*;
import com.mongodb.MongoNamespace;
import org.bson.Document;
import static com.mongodb.client.model.Filters.*;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.util.*;
public class H2RenameReuseRepro {
  public static void main(String[] a) throws Exception {
    java.nio.file.Path f = java.nio.file.Files.createTempFile("repro", ".mv"); java.nio.file.Files.delete(f);
    MongoServer server = new MongoServer(new H2Backend(f.toString())); String uri = "mongodb://127.0.0.1:" + server.bind().getPort();
    System.out.println(uri);
    try (MongoClient c = MongoClients.create(uri)) {
      MongoDatabase db = c.getDatabase("t");
      db.getCollection("live").insertOne(new Document("_id", "old").append("v", "live-old"));
      for (int round = 1; round <= 2; round++) {
        if (db.listCollectionNames().into(new ArrayList<>()).contains("live_rebuild")) db.getCollection("live_rebuild").drop();
        MongoCollection<Document> r = db.getCollection("live_rebuild");
        r.createIndex(Indexes.ascending("loc", "m"));
        System.out.println("round " + round + " fresh rebuild count=" + r.countDocuments() + " find(_id=x" + ")=" + r.find(eq("_id", "x")).first() + " in=" + r.find(in("_id", List.of("x", "old"))).into(new ArrayList<>()));
        r.replaceOne(eq("_id", "x"), new Document("_id", "x").append("v", "round" + round), new ReplaceOptions().upsert(true));
        r.renameCollection(new MongoNamespace("t", "live"), new RenameCollectionOptions().dropTarget(true));
        MongoCollection<Document> live = db.getCollection("live");
        System.out.println("  live after swap: all=" + live.find().into(new ArrayList<>()) + " byId(x)=" + live.find(eq("_id","x")).first() + " byId(old)=" + live.find(eq("_id","old")).first());
      }
    }
    server.shutdown();
  }
}
