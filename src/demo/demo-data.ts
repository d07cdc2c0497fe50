// The demo data set `npm start` loads into an empty embedded database: the seed
// page's author (Lei Gao, USC), their three papers with ordered authors,
// proceedings and abstracts, their co-authors, and the other Lei Gao from the
// page's "similar names" line. Everything is written from the facts on that page
// (../shared/seed/000_3eeccb01e5a67d6f.txt), plus public facts about the venues.
// The page prints no paper ids: Ethos's is its public Anthology id; the two 2025
// papers (whose collections are not in our copy of the corpus) get `<volume>.<word>`.
import type { Database } from '../db/database.js';
import { naturalSortKey } from '../text/natural-sort.js';

interface DemoPerson {
  slug: string;
  first: string;
  last: string;
  comment?: string;
}

const PEOPLE: DemoPerson[] = [
  { slug: 'lei-gao-usc', first: 'Lei', last: 'Gao', comment: 'USC' },
  { slug: 'lei-gao', first: 'Lei', last: 'Gao', comment: 'May refer to several people' },
  { slug: 'amir-ziashahabi', first: 'Amir', last: 'Ziashahabi' },
  { slug: 'yue-niu', first: 'Yue', last: 'Niu' },
  { slug: 'salman-avestimehr', first: 'Salman', last: 'Avestimehr' },
  { slug: 'murali-annavaram', first: 'Murali', last: 'Annavaram' },
  { slug: 'chaoyi-jiang', first: 'Chaoyi', last: 'Jiang' },
  { slug: 'hossein-entezari-zarch', first: 'Hossein Entezari', last: 'Zarch' },
  { slug: 'tingting-tang', first: 'Tingting', last: 'Tang' },
];

const VENUES = [
  { slug: 'emnlp', acronym: 'EMNLP', name: 'Conference on Empirical Methods in Natural Language Processing', oldstyleLetter: 'D' },
  { slug: 'findings', acronym: 'Findings', name: 'Findings of the Association for Computational Linguistics' },
];

const VOLUMES = [
  {
    anthologyId: '2025.emnlp-main',
    title: 'Proceedings of the 2025 Conference on Empirical Methods in Natural Language Processing',
    year: 2025,
    venue: 'emnlp',
  },
  {
    anthologyId: '2025.findings-acl',
    title: 'Findings of the Association for Computational Linguistics: ACL 2025',
    year: 2025,
    venue: 'findings',
  },
  {
    anthologyId: '2024.findings-naacl',
    title: 'Findings of the Association for Computational Linguistics: NAACL 2024',
    year: 2024,
    venue: 'findings',
    address: 'Mexico City, Mexico',
  },
];

const PAPERS = [
  {
    anthologyId: '2025.emnlp-main.mobizo',
    volume: '2025.emnlp-main',
    year: 2025,
    title: 'MobiZO: Enabling Efficient LLM Fine-Tuning at the Edge via Inference Engines',
    authors: ['lei-gao-usc', 'amir-ziashahabi', 'yue-niu', 'salman-avestimehr', 'murali-annavaram'],
    abstract:
      'Large Language Models (LLMs) are currently pre-trained and fine-tuned on large cloud servers. The next frontier is LLM personalization, where a foundation model can be fine-tuned with user/task-specific data. Given the sensitive nature of such private data, it is desirable to fine-tune these models on edge devices to improve user trust. However, fine-tuning on resource-constrained edge devices presents significant challenges due to substantial memory and computational demands, as well as limited infrastructure support. We observe that inference engines (e.g., ExecuTorch) can be repurposed for fine-tuning by leveraging zeroth-order (ZO) optimization, which uses multiple forward passes to approximate gradients. While promising, direct application of ZO methods on edge devices is inefficient due to the high computational cost of multiple forward passes required for accurate gradient estimation, and their deployment has been largely unexplored in practice. We introduce MobiZO, a resource-efficient fine-tuning framework for LLMs specifically designed for edge devices. MobiZO combines three key innovations: (1) a parallelized randomized gradient estimator that employs both outer-loop and inner-loop parallelism to eliminate sequential forward passes, (2) a specialized Multi-Perturbed LoRA (MP-LoRA) module that enables efficient realization of both inner and outer loop parallelism, and (3) a seamless integration with ExecuTorch for on-device training, requiring no modifications to the runtime. Experiments demonstrate that MobiZO achieves substantial runtime speedups and memory savings while improving fine-tuning accuracy, paving the way for practical deployment of LLMs in real-time, on-device applications. Code available at: https://github.com/leigao97/MobiZO.',
  },
  {
    anthologyId: '2025.findings-acl.kvpr',
    volume: '2025.findings-acl',
    year: 2025,
    title: 'KVPR: Efficient LLM Inference with I/O-Aware KV Cache Partial Recomputation',
    authors: ['chaoyi-jiang', 'lei-gao-usc', 'hossein-entezari-zarch', 'murali-annavaram'],
    abstract:
      'Inference for Large Language Models (LLMs) is computationally demanding. To reduce the cost of auto-regressive decoding, Key-Value (KV) cache is used to store intermediate activations, which significantly lowers the computational overhead for token generation. However, the memory required for the KV cache grows rapidly, often exceeding the capacity of GPU memory. A cost-effective alternative is to offload KV cache to CPU memory, which alleviates GPU memory pressure, but shifts the bottleneck to the limited bandwidth of the PCIe connection between the CPU and GPU. Existing methods attempt to address these issues by overlapping GPU computation with I/O or employing CPU-GPU heterogeneous execution, but they are hindered by excessive data movement and dependence on CPU capabilities. Fully overlapping PCIe communication latency gets challenging as the size of the KV cache grows and/or the GPU compute capabilities increase. In this paper, we introduce KVPR, an efficient I/O-aware LLM inference method where the CPU first transfers a partial set of activations, from which the GPU can start recomputing the KV cache values. While the GPU recomputes the partial KV cache, the remaining portion of the KV cache is transferred concurrently from the CPU. This approach overlaps GPU recomputation with KV cache transfer to minimize idle GPU time and maximize inference performance. KVPR is fully automated by integrating a profiler module that utilizes input characteristics and system hardware information, a scheduler module to optimize the distribution of computation and communication workloads, and a runtime module to efficiently execute the derived execution plan. Experimental results show that KVPR achieves up to 35.8% lower latency and 46.2% higher throughput during decoding compared to state-of-the-art approaches. The code is available at https://github.com/chaoyij/KVPR.',
  },
  {
    anthologyId: '2024.findings-naacl.132',
    volume: '2024.findings-naacl',
    year: 2024,
    title: 'Ethos: Rectifying Language Models in Orthogonal Parameter Space',
    authors: ['lei-gao-usc', 'yue-niu', 'tingting-tang', 'salman-avestimehr', 'murali-annavaram'],
    abstract:
      'Language models (LMs) have greatly propelled the research on natural language processing. However, LMs also raise concerns regarding the generation of biased or toxic content and the potential disclosure of private information from the training dataset. In this work, we present a new efficient approach, Ethos, that rectifies LMs to mitigate toxicity and bias in outputs and avoid privacy leakage. Ethos is built on task arithmetic. However, unlike current task arithmetic algorithms, Ethos distinguishes general beneficial and undesired knowledge when reconstructing task vectors. Specifically, Ethos first obtains a set of principal components from the pre-trained models using singular value decomposition. Then, by projecting the task vector onto principal components, Ethos separates the principal components that encode general from those associated with undesired knowledge. Ethos performs forgetting or unlearning by only negating the task vector with undesired knowledge, thereby minimizing collateral damage on general model utility. We demonstrate the efficacy of our approach on three different tasks: bias, toxicity, and memorization unlearning. Evaluations show Ethos is more effective in removing undesired knowledge while maintaining the overall model performance compared to current task arithmetic methods.',
  },
];

/** Loads the demo data set in one transaction. Returns false (and writes nothing) if the database holds people. */
export async function loadDemoData(db: Pick<Database, 'prisma'>): Promise<boolean> {
  const { prisma } = db;
  if ((await prisma.author.count()) > 0) return false;
  // Prisma's interactive transaction expires after 5 s by default and its later statements fail;
  // on a loaded test machine these few dozen sequential writes can take longer.
  await prisma.$transaction(async (tx) => {
    const authorId = new Map<string, number>();
    for (const p of PEOPLE) {
      const author = await tx.author.create({
        data: {
          slug: p.slug,
          firstName: p.first,
          lastName: p.last,
          comment: p.comment ?? null,
          names: { create: { firstName: p.first, lastName: p.last, canonical: true } },
        },
      });
      authorId.set(p.slug, author.id);
    }
    const [usc, other] = [authorId.get('lei-gao-usc')!, authorId.get('lei-gao')!];
    await tx.similarAuthor.createMany({
      data: [
        { authorId: usc, similarId: other },
        { authorId: other, similarId: usc },
      ],
    });
    const venueId = new Map<string, number>();
    for (const v of VENUES) {
      const venue = await tx.venue.create({ data: { ...v, isAcl: true, isToplevel: true } });
      venueId.set(v.slug, venue.id);
    }
    const collectionId = new Map<string, number>();
    const volumeId = new Map<string, number>();
    for (const v of VOLUMES) {
      const collectionSlug = v.anthologyId.split('-')[0]!; // 2025.emnlp-main → 2025.emnlp
      let collection = collectionId.get(collectionSlug);
      if (collection === undefined) {
        collection = (await tx.collection.create({ data: { slug: collectionSlug } })).id;
        collectionId.set(collectionSlug, collection);
      }
      const volume = await tx.volume.create({
        data: {
          anthologyId: v.anthologyId,
          collectionId: collection,
          title: v.title,
          titleMarkup: v.title,
          year: v.year,
          publisher: 'Association for Computational Linguistics',
          address: v.address ?? null,
          venues: { create: { venueId: venueId.get(v.venue)! } },
        },
      });
      volumeId.set(v.anthologyId, volume.id);
    }
    for (const p of PAPERS) {
      const volume = volumeId.get(p.volume)!;
      await tx.paper.create({
        data: {
          anthologyId: p.anthologyId,
          sortKey: naturalSortKey(p.anthologyId),
          volumeId: volume,
          title: p.title,
          titleMarkup: p.title,
          abstract: p.abstract,
          abstractMarkup: p.abstract,
          year: p.year,
          authorships: {
            create: p.authors.map((slug, position) => {
              const person = PEOPLE.find((x) => x.slug === slug)!;
              return {
                volumeId: volume,
                authorId: authorId.get(slug)!,
                position,
                firstName: person.first,
                lastName: person.last,
                matchedBy: 'EXPLICIT_ID' as const,
              };
            }),
          },
        },
      });
    }
  }, DEMO_TRANSACTION);
  return true;
}

/** Bounds of the demo data's transaction: waiting for a connection, then running (ms). */
const DEMO_TRANSACTION = { maxWait: 60_000, timeout: 300_000 };
