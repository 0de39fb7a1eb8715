if(!navigator.globalPrivacyControl){let n=navigator,d=document,l=location,w=innerWidth,r=new URL(d.referrer||l).hostname,
u=d.getElementById('consent-config').dataset.api.replace(/consent$/,'events'),
i=(d.cookie.match(/\bps_analytics_id=([\da-f]{32})/)||[,crypto.randomUUID().replace(/-/g,'')])[1],
s=(type,o)=>n.sendBeacon(u,o=JSON.stringify({type,path:l.pathname,...o}))||fetch(u,{method:'POST',body:o,keepalive:1,credentials:'include'});
d.cookie='ps_analytics_id='+i+';Max-Age=33696000;Path=/;SameSite=Lax'+(l.protocol=='https:'?';Secure':'');
s('pageview',{referrer:r==l.hostname?'':r,device:w<768?'mobile':w<1024?'tablet':'desktop',language:d.documentElement.lang});
d.addEventListener('click',e=>(e=e.target.closest('[data-analytics-event]'))&&s('event',{name:e.dataset.analyticsEvent}));
pigmentAnalytics=i}
