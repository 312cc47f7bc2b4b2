// Starts DynamoDB Local listening on one host address only, for
// scripts/dynamodb-local.sh. DynamoDB Local's command line has a -port but
// no host option: its Jetty server listens on every interface. This
// launcher builds the server exactly as DynamoDB Local's own main does
// (same options, parsed by DynamoDB Local), points its Jetty connector at
// the host before it starts, and starts it.
//
//   java -cp "$LIB/*" DynamoDBLocalOnHost.java 127.0.0.1 -inMemory -sharedDb -disableTelemetry -port 18000
//
// Run with Java's single-file source launcher (Java 11+): no build step.
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import java.util.Arrays;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

public class DynamoDBLocalOnHost {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: DynamoDBLocalOnHost.java HOST [DynamoDB Local options]");
            System.exit(2);
        }
        String host = args[0];
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(Arrays.copyOfRange(args, 1, args.length));
        if (proxy == null) {
            System.exit(1); // DynamoDB Local printed why (bad option, -help)
        }
        // The Jetty server is a private field of DynamoDBProxyServer; fail
        // loudly rather than listen everywhere if a release renames it.
        Field f = DynamoDBProxyServer.class.getDeclaredField("server");
        f.setAccessible(true);
        Server server = (Server) f.get(proxy);
        int bound = 0;
        for (Connector c : server.getConnectors()) {
            if (c instanceof ServerConnector) {
                ((ServerConnector) c).setHost(host);
                bound++;
            }
        }
        if (bound == 0) {
            throw new IllegalStateException("DynamoDB Local has no network connector to bind to " + host);
        }
        proxy.start();
        System.out.println("DynamoDB Local listening on " + host + " only");
    }
}
