#!/usr/bin/env python3
"""usage: jfr_request_categories.py FILE FROM TO THREAD_REGEX — exclusive categories (first matching rule wins) of request-thread samples."""
import re, sys, collections
from jfr_samples import read_samples
f, t0, t1, threx = sys.argv[1:5]
RULES = [
 ("audit write (AuditTrail.append)", r"AuditTrail\.append"),
 ("personal-data encryption (privacy)", r"dev\.meridian\.practice\.privacy\."),
 ("observation/metrics handlers (micrometer start/stop, conventions, meters)", r"SimpleObservation\.(notify|start|stop|<init>|getHandlersFromConfig)|ObservationConvention|MongoMetricsCommandListener|Observation\.createNotStarted|io\.micrometer\.core\.instrument|ObservationRegistry"),
 ("command: event append (Mongo)", r"AbstractEventStorageEngine\.appendEvents|MongoEventStorageEngine"),
 ("command: other Axon handling (bus, UoW, aggregate, cache)", r"SimpleCommandBus|AbstractCommandGateway"),
 ("JWT decode/verify (authentication provider)", r"ProviderManager\.authenticate|JwtDecoder|JwtAuthenticationProvider|nimbusds"),
 ("access checks (interceptor, policy)", r"AccessCheckInterceptor|AccessPolicy|NewRecordLocationCheck|DelegatingAuthorizationManager\.check|AuthorityAuthorizationManager|AuthorizationFilter\.getAuthentication"),
 ("bean validation", r"ValidatorAdapter\.validate|hibernate\.validator"),
 ("request body read (Jackson)", r"readWithMessageConverters"),
 ("response write", r"handleReturnValue|writeWithMessageConverters|ProblemDetail|ExceptionHandlerExceptionResolver"),
 ("views (GET reads)", r"dev\.meridian\.practice\.(patient|course|session)\..*Views"),
 ("controller other", r"InvocableHandlerMethod\.invokeForRequest"),
 ("DispatcherServlet other (handler mapping etc)", r"DispatcherServlet"),
 ("security filter chain other", r"FilterChainProxy"),
 ("servlet filters / tomcat other", r"."),
]
samples = read_samples(f)
win=[s for s in samples if t0<=s.get('t','')<=t1]
sel=[s for s in win if re.search(threx,s['thread'])]
c=collections.Counter()
for s in sel:
    for name,rx in RULES:
        if any(re.search(rx,fr) for fr in s['frames']):
            c[name]+=1; break
print(f"window {t0}-{t1}: {len(win)} samples; request threads: {len(sel)} ({100*len(sel)/max(1,len(win)):.0f} %)")
print("| share of request-thread samples | samples | where |\n| --- | --- | --- |")
for name,_ in RULES:
    print(f"| {100*c[name]/max(1,len(sel)):.1f} % | {c[name]} | {name} |")
