/// Docker-style random container names: `adjective_surname` (Docker's namesgenerator, in part).
public enum ContainerNames {
    static let adjectives = [
        "admiring", "adoring", "affectionate", "agitated", "amazing", "angry", "awesome", "beautiful",
        "blissful", "bold", "brave", "busy", "charming", "clever", "compassionate", "competent",
        "confident", "cool", "cranky", "crazy", "dazzling", "determined", "distracted", "dreamy",
        "eager", "ecstatic", "elastic", "elated", "elegant", "eloquent", "epic", "exciting", "fervent",
        "festive", "flamboyant", "focused", "friendly", "frosty", "funny", "gallant", "gifted", "goofy",
        "gracious", "great", "happy", "hardcore", "heuristic", "hopeful", "hungry", "infallible",
        "inspiring", "intelligent", "interesting", "jolly", "jovial", "keen", "kind", "laughing",
        "loving", "lucid", "magical", "modest", "musing", "mystifying", "naughty", "nervous", "nice",
        "nifty", "nostalgic", "objective", "optimistic", "peaceful", "pedantic", "pensive", "practical",
        "priceless", "quirky", "quizzical", "relaxed", "reverent", "romantic", "sad", "serene", "sharp",
        "silly", "sleepy", "stoic", "strange", "stupefied", "suspicious", "sweet", "tender", "thirsty",
        "trusting", "unruffled", "upbeat", "vibrant", "vigilant", "vigorous", "wizardly", "wonderful",
        "xenodochial", "youthful", "zealous", "zen",
    ]

    static let surnames = [
        "agnesi", "albattani", "allen", "almeida", "archimedes", "ardinghelli", "aryabhata", "austin",
        "babbage", "banach", "bardeen", "bartik", "bassi", "bell", "benz", "bhabha", "bhaskara", "blackwell",
        "bohr", "booth", "borg", "bose", "boyd", "brahmagupta", "brattain", "brown", "carson", "cerf",
        "chandrasekhar", "chatterjee", "clarke", "colden", "cori", "cray", "curie", "darwin", "davinci",
        "dijkstra", "dubinsky", "easley", "edison", "einstein", "elion", "engelbart", "euclid", "euler",
        "fermat", "fermi", "feynman", "franklin", "galileo", "gates", "goldberg", "goldstine", "goldwasser",
        "golick", "goodall", "hamilton", "hawking", "heisenberg", "hermann", "hodgkin", "hoover", "hopper",
        "hugle", "hypatia", "jackson", "jang", "jennings", "jepsen", "johnson", "joliot", "jones", "kalam",
        "keller", "kepler", "khorana", "kilby", "kirch", "knuth", "kowalevski", "lalande", "lamarr",
        "lamport", "leakey", "leavitt", "lederberg", "lehmann", "lewin", "lichterman", "liskov", "lovelace",
        "lumiere", "mahavira", "margulis", "matsumoto", "maxwell", "mayer", "mccarthy", "mcclintock",
        "mclean", "meitner", "mendel", "mendeleev", "merkle", "mestorf", "mirzakhani", "morse", "murdock",
        "napier", "nash", "neumann", "newton", "nightingale", "nobel", "noether", "northcutt", "noyce",
        "panini", "pare", "pascal", "pasteur", "payne", "perlman", "pike", "poincare", "poitras", "ptolemy",
        "raman", "ramanujan", "ride", "ritchie", "roentgen", "rosalind", "saha", "sammet", "shamir",
        "shannon", "shaw", "shirley", "shockley", "sinoussi", "snyder", "spence", "stonebraker", "sutherland",
        "swanson", "swartz", "swirles", "tesla", "thompson", "torvalds", "turing", "varahamihira",
        "visvesvaraya", "volhard", "wescoff", "wiles", "williams", "wilson", "wing", "wozniak", "wright",
        "yalow", "yonath",
    ]

    /// A random name; from the second attempt on a digit is appended, as Docker does.
    public static func random(attempt: Int = 0) -> String {
        var name = "\(adjectives.randomElement()!)_\(surnames.randomElement()!)"
        if attempt > 0 { name += String(Int.random(in: 0...9)) }
        return name
    }
}
