import DnetDNS
import Glibc

// The resident embedded DNS server; dnet's DNSController starts and feeds it.
exit(DNSResident.main(arguments: CommandLine.arguments))
